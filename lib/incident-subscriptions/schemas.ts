import { z } from 'zod';
import { component } from '../incidents/schemas';

export const saveSubscriptionInput = z
  .object({
    onOpened: z.boolean(),
    onUpdated: z.boolean(),
    onResolved: z.boolean(),
    /** Empty: every component. */
    components: z.array(component).max(5),
  })
  .refine((s) => s.onOpened || s.onUpdated || s.onResolved, {
    message: 'Choose at least one kind of email, or unsubscribe.',
    path: ['onOpened'],
  });
