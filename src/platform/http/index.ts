export { createHttpServer } from './server.js';
export type { SalusServer, RegisteredRoute, HttpServerOptions } from './server.js';
export { toProblem, sendProblem } from './problem.js';
export type { Problem } from './problem.js';
