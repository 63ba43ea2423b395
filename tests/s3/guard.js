// Preloaded into the s3rver test server (node -r). s3rver 3.7.1 lets some errors escape as uncaught
// exceptions, which end the whole process; for a test server that is an S3 outage nobody asked for. The error
// is printed (S3Server::output() shows it in a failing test) and the server keeps serving.
'use strict';
process.on('uncaughtException', (err) => {
    console.error('s3rver: uncaught exception (kept running):', err && err.stack ? err.stack : err);
});
process.on('unhandledRejection', (reason) => {
    console.error('s3rver: unhandled rejection (kept running):', reason && reason.stack ? reason.stack : reason);
});
