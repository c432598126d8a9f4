// The terminal's size, following resizes; a fixed size can be given instead (tests, benchmark).

import { useStdout } from "ink";
import { useEffect, useState } from "react";
import type { Size } from "./layout.js";

export function useTerminalSize(fixed?: Size): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  const follow = fixed === undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` only reads `stdout`
  useEffect(() => {
    if (!follow) return;
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout, follow]);
  return fixed ?? size;
}
