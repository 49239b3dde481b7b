/** Codes of errors the sandbox library itself raises (HubSpot-shaped HTTP errors are `HubSpotHttpError`). */
export type SandboxErrorCode =
  | 'SANDBOX_ERR_UNKNOWN_PORTAL'
  | 'SANDBOX_ERR_UNKNOWN_TOKEN'
  | 'SANDBOX_ERR_UNKNOWN_CONTACT'
  | 'SANDBOX_ERR_UNKNOWN_LIST'
  | 'SANDBOX_ERR_UNKNOWN_FAULT'
  | 'SANDBOX_ERR_INVALID_OPTIONS'
  | 'SANDBOX_ERR_INVALID_PROVISIONING'
  | 'SANDBOX_ERR_NON_LOOPBACK_HOST';

/** HTTP status the admin API sends for each code. */
export const SANDBOX_ERROR_STATUS: Record<SandboxErrorCode, number> = {
  SANDBOX_ERR_UNKNOWN_PORTAL: 404,
  SANDBOX_ERR_UNKNOWN_TOKEN: 404,
  SANDBOX_ERR_UNKNOWN_CONTACT: 404,
  SANDBOX_ERR_UNKNOWN_LIST: 404,
  SANDBOX_ERR_UNKNOWN_FAULT: 404,
  SANDBOX_ERR_INVALID_OPTIONS: 400,
  SANDBOX_ERR_INVALID_PROVISIONING: 400,
  SANDBOX_ERR_NON_LOOPBACK_HOST: 400,
};

/** An error in how the sandbox was configured or called, never a simulated HubSpot response. */
export class SandboxError extends Error {
  readonly code: SandboxErrorCode;

  constructor(code: SandboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxError';
    this.code = code;
  }
}
