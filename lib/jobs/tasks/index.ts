import type { TaskDefinition } from '../define-task';

/**
 * Every background job the worker runs, registered once. Add a task: write lib/jobs/tasks/<name>.ts
 * with defineTask(), then list it here.
 */
export const tasks: TaskDefinition[] = [];
