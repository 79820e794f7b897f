/**
 * The composition root (`npm start` = `probot run ./dist/server.js`): wires the runtime (queue, worker pool,
 * journal) and mounts both server doors on it, the GitHub App and the review platform.
 */
export { default } from "./doors/github-app/index.js";
