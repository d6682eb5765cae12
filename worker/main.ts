// The worker process (`npm start` runs it): processes vendor events, sends emails, replays fallback messages.
import { setDbRole } from '../lib/db/timeouts';
import { jobs } from './jobs';
import { runWorkerProcess } from './process';

setDbRole('background');
await runWorkerProcess(jobs);
