// A bordered panel with its title in the top border; its lines are pre-cut to the inner width,
// one <Text> per row so unchanged rows cost Ink nothing between frames.

import { Box, Text } from "ink";
import { type Line, renderLine, textWidth } from "./text.js";

export interface PanelProps {
  title: string;
  width: number;
  height: number;
  lines: Line[];
  color: boolean;
}

export function Panel({ title, width, height, lines, color }: PanelProps) {
  const label = ` ${title} `;
  const fill = Math.max(0, width - 3 - textWidth(label));
  const top = `╭─${label.slice(0, Math.max(0, width - 3))}${"─".repeat(fill)}╮`;
  const rows = lines.slice(0, Math.max(0, height - 2));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text dimColor>{top}</Text>
      <Box
        flexDirection="column"
        borderStyle="round"
        borderTop={false}
        borderDimColor
        width={width}
        height={height - 1}
      >
        {rows.map((line, row) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions on screen
          <Text key={row} wrap="truncate-end">
            {renderLine(line, color)}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
