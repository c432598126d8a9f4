// The parts of jstat (a CommonJS package without types) that faultline uses.
declare module "jstat" {
  const jstat: {
    jStat: {
      gammafn(x: number): number;
      normal: { inv(p: number, mean: number, sd: number): number; cdf(x: number, mean: number, sd: number): number };
      studentt: { inv(p: number, degreesOfFreedom: number): number };
      beta: { inv(p: number, a: number, b: number): number };
    };
  };
  export default jstat;
}
