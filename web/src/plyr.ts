// plyr 3.8.4's typings declare both `export =` and `export default`, which TypeScript rejects as a default import
// under bundler resolution. The runtime default export is fine, so we take it untyped here and give it the
// declared class type (reachable through the typings' UMD global name) once, for every other module.
// @ts-expect-error see above
import PlyrModule from 'plyr';

export type PlyrPlayer = Plyr;
export type PlyrOptions = Plyr.Options;
export const PlyrClass = PlyrModule as typeof Plyr;
