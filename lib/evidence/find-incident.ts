import { notFound } from 'next/navigation';
import { NotFoundError } from '../errors';

/** For pages: a NotFoundError from the service becomes Next.js's 404. */
export async function findIncidentOrNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
