// Written by `npm run train:kb-ranker` (bench/knowledge-ranker.ts); do not edit by hand.
import type { RankerWeights } from './ranker.ts';

export const TRAINED: RankerWeights = {
  w: [
    0.80649, 0.88898, 0.4036, 2.19631, -2.09907, 0.35074, 0.43391, -0.04747, 0.3937, 1.59519, 0, 1.1092,
    1.66866, 0.53909, 0.26024,
  ],
  calibration: [0.46798, 1.55225, -1.06154, 0.28022, 0.8168, 1.1069, -2.78179, -2.53388],
};
