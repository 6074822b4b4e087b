/**
 * Per-region quotas a lab can hit: what each lab needs (pure, from templates), what the
 * account uses (SDK), and how the CLIs say it. The SDK side loads no CDK code.
 */
export { addNeeds, DEFAULT_VPC_NEEDS, fitsDefaults, isStandardInstanceType, quotaNeeds, quotaNeedsLine, QUOTAS, VCPUS, type QuotaId, type QuotaNeeds, type QuotaSpec } from './needs';
export { NEAR_LIMIT_FREE, quotaStatus, raiseQuotaCommand, renderQuotaReport, type QuotaStatus } from './render';
export { readQuotaUsage, type QuotaClients, type QuotaUsage, type QuotaUser } from './usage';
