import { redirect } from 'next/navigation';

/** /admin opens its first screen. Each screen checks the admin role itself. */
export default function AdminIndex() {
  redirect('/admin/users');
}
