#!/usr/bin/env node
/**
 * Installs the pinned host clients (conformance/clients.json) into a cache folder outside the clone,
 * keyed by a hash of the pins, and reuses it when present. Prints the folder on stdout.
 *   KIT_GUARD_HOSTS_CACHE  overrides the folder (default ~/.cache/kit-guard/hosts/<hash>)
 */
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

export function readPins() {
  const text = readFileSync(join(here, 'clients.json'), 'utf8')
  return { pins: JSON.parse(text).clients, hash: createHash('sha256').update(text).digest('hex').slice(0, 12) }
}

export function cacheFolder(hash) {
  return process.env.KIT_GUARD_HOSTS_CACHE || join(homedir(), '.cache', 'kit-guard', 'hosts', hash)
}

/** Installs (or reuses) the clients; returns { folder, bins: { host: absolute path }, versions }. */
export function installClients({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const { pins, hash } = readPins()
  const folder = cacheFolder(hash)
  const marker = join(folder, 'installed.json')
  const wanted = Object.fromEntries(Object.entries(pins).map(([host, pin]) => [host, `${pin.package}@${pin.version}`]))
  const done = existsSync(marker) && JSON.stringify(JSON.parse(readFileSync(marker, 'utf8')).wanted) === JSON.stringify(wanted)
  if (!done) {
    log(`installing ${Object.values(wanted).join(' ')} into ${folder} (about 1 GB, first run only)`)
    const staging = `${folder}.partial`
    rmSync(staging, { recursive: true, force: true })
    mkdirSync(staging, { recursive: true })
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'kit-guard-host-clients', private: true }, null, 2))
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...Object.values(wanted)], {
      cwd: staging,
      stdio: ['ignore', 'inherit', 'inherit']
    })
    writeFileSync(join(staging, 'installed.json'), JSON.stringify({ wanted }, null, 2))
    rmSync(folder, { recursive: true, force: true })
    mkdirSync(dirname(folder), { recursive: true })
    renameSync(staging, folder)
  }
  const bins = {}
  const versions = {}
  for (const [host, pin] of Object.entries(pins)) {
    bins[host] = join(folder, 'node_modules', '.bin', pin.bin)
    versions[host] = JSON.parse(readFileSync(join(folder, 'node_modules', ...pin.package.split('/'), 'package.json'), 'utf8')).version
  }
  return { folder, bins, versions }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { folder, versions } = installClients()
  process.stderr.write(`${JSON.stringify(versions)}\n`)
  process.stdout.write(`${folder}\n`)
}
