import type { Server } from 'node:http';

/** Runs `listen`; a taken port becomes an error that names it and says what to do. */
export async function listenOrExplain<T>(what: string, port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} for ${what} is already in use on 127.0.0.1. Stop what uses it, or choose another port (0 picks a free one): see \`docpipe start --help\`.`);
    }
    throw error;
  }
}

/** Closes a server, ending its open (keep-alive) connections rather than waiting for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.closeAllConnections?.();
    server.close(() => resolveClose());
  });
}
