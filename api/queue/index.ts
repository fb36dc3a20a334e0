// The distributed queue (BullMQ on Redis), as the CLI and the HTTP API use it: a Pool that puts
// runs on the queue, the API's executor on top of it, the worker that takes runs off it, and the
// checks and errors they share. See docs/scale-out.md for running it.
export { checkRedis, RedisUnreachableError, MIN_REDIS_VERSION } from './check-redis.ts';
export { createRedisExecutor, DEFAULT_REDIS_SLOTS, type RedisExecutor } from './redis-executor.ts';
export { createRedisPool, openRedisPool, type QueueCounts, type QueueProgress, type RedisPool, type RedisPoolOptions, type RunState } from './redis-pool.ts';
export { createResultLedger, DigestMismatchError, type ResultLedger } from './result-ledger.ts';
export { parseRedisUrl, redactRedisUrl } from './redis-client.ts';
export { checkQueueName, QUEUE_DEFAULTS } from './settings.ts';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './worker.ts';
export { jobIdOf } from './wire.ts';
