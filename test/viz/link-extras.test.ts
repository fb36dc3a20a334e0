// The share link's extras beside share.ts's scenario: the replication count and the map's
// selection (metric, street). Values outside their range keep the defaults.
import { beforeEach, describe, expect, it } from 'vitest';
import { app, readExtras } from '../../viz/src/app.ts';

const METRICS = ['open', 'trust', 'load'];

describe('readExtras(search)', () => {
  beforeEach(() => Object.assign(app.state, { reps: 8, mapMetric: 'open', mapFocus: null }));

  it('reads the replication count, the map metric and the street', () => {
    readExtras('?preset=training&reps=5&map=trust&street=2', METRICS);
    expect(app.state).toMatchObject({ reps: 5, mapMetric: 'trust', mapFocus: 2 });
  });

  it('keeps the defaults for values out of range or unknown', () => {
    for (const q of ['?reps=1', '?reps=31', '?reps=2.5', '?reps=', '?map=nope', '?street=-1', '?street=x', '?street=1.5']) {
      Object.assign(app.state, { reps: 8, mapMetric: 'open', mapFocus: null });
      readExtras(q, METRICS);
      expect(app.state, q).toMatchObject({ reps: 8, mapMetric: 'open', mapFocus: null });
    }
  });
});
