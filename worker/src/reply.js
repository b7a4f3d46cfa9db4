// @ts-check
import { countRequest } from './stats.js'

export function reply(status, json, headers = {}) {
  countRequest(status)
  return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json', ...headers } })
}
