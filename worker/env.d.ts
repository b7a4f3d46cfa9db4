// What the Worker reads from `env` that wrangler.jsonc does not declare, so `wrangler types`
// (worker-configuration.d.ts) cannot know it: the secrets (`wrangler secret put NAME`,
// .dev.vars locally; .dev.vars.example names them) and the optional variables. Merged
// into the generated `Env`.
declare namespace Cloudflare {
  interface Env {
    LOOPS_API_KEY?: string
    SEGMENT_SHARED_SECRET?: string
    SEGMENT_TOKEN?: string
    ADMIN_TOKEN?: string
    LOOPS_BASE_URL?: string
    ALLOWED_ORIGINS?: string
    CONFIG_CACHE_SECONDS?: string
    SEND_CONCURRENCY?: string
  }
}
