// `npm run user:create -- --role SUPPORT --email sam@example.com --name "Sam Support" [--password …]`
// Creates an account, typically a staff one (SUPPORT, MANAGER, ENGINEER, ADMIN), which sign-up never grants.
// Without --password it asks twice, without echo. Uses DATABASE_URL, or the database of a running `npm start`.
import { parseArgs } from 'node:util';
import { createUserWithPassword } from '../lib/auth/create-user';
import { createDb } from '../lib/db/client';
import { cliDatabaseUrl } from './lib/cli-database-url';
import { ConflictError, ValidationError } from '../lib/errors';

/** Reads a line from the terminal without echoing it. */
async function askHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  if (!stdin.isTTY) throw new Error('No terminal to ask for the password: pass --password.');
  stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          stdout.write('\n');
          return resolve(value);
        }
        if (char === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        value = char === '\u007f' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on('data', onData);
  });
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    speciality: { type: 'string' },
  },
  strict: true,
});

try {
  let password = values.password;
  if (password === undefined) {
    password = await askHidden('Password: ');
    if ((await askHidden('Repeat the password: ')) !== password)
      throw new ValidationError('The two passwords are not the same.');
  }
  const db = createDb(cliDatabaseUrl(), 1);
  try {
    const user = await createUserWithPassword({
      db,
      input: {
        role: values.role?.toUpperCase(),
        email: values.email,
        name: values.name,
        password,
        speciality: values.speciality,
      },
    });
    console.log(`Created ${user.role} ${user.email} (id ${user.id}). They can sign in now.`);
  } finally {
    await db.$disconnect();
  }
} catch (error) {
  const known = error instanceof ValidationError || error instanceof ConflictError;
  console.error(`✖ ${known ? error.message : error instanceof Error ? error.message : String(error)}`);
  if (error instanceof ValidationError)
    console.error(
      'Usage: npm run user:create -- --role <SUPPORT|MANAGER|ENGINEER|ADMIN|…> --email <email> --name <name> [--password <password>]',
    );
  process.exit(1);
}
