// Codes of a case's stage and discovery channel, apart from the world's state so that the
// mechanisms that only read them (residents' trust) need not import the world itself.

/** Case stages. */
export const STAGE_FREE = 0;
export const STAGE_HIDDEN = 1;
export const STAGE_CALL = 2; // waiting in the call centre
export const STAGE_QUEUED = 3; // in a unit's queue to be handled
export const STAGE_VERIFY = 4; // in a grid's queue to be verified
export const STAGE_TRANSIT = 5; // on its way (bounce, push-back, sign-off), in the event heap
export const STAGE_FUNDS = 6; // waiting for money
export const STAGE_CLOSED = 7;

/** Discovery channels. */
export const CHANNEL_NONE = 0;
export const CHANNEL_PATROL = 1;
export const CHANNEL_DIRECT = 2;
export const CHANNEL_HOTLINE = 3;
export const CHANNEL_DUPLICATE = 4;

