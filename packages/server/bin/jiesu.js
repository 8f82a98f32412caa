#!/usr/bin/env node
// The `jiesu` command. The server is TypeScript run through tsx's loader, so `npx jiesu …` works
// straight after `npm ci`, with no separate compile step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
