// Handler results: plain {status, body} records that the pipeline serialises.

export const ok = (body) => ({ status: 200, body });

/** The v1 error envelope since 2025-09-11: {success:false, message, ...}. */
export const fail = (status, message, extra = {}) => ({ status, body: { success: false, message, ...extra } });

export const isFailure = (r) => r !== null && typeof r === 'object' && typeof r.status === 'number' && r.status >= 400;
