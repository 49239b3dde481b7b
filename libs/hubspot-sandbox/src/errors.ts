/** Codes of errors the sandbox library itself raises (HubSpot-shaped HTTP errors are `HubSpotHttpError`). */
export type SandboxErrorCode =
  | 'SANDBOX_ERR_UNKNOWN_PORTAL'
  | 'SANDBOX_ERR_INVALID_OPTIONS'
  | 'SANDBOX_ERR_INVALID_PROVISIONING'
  | 'SANDBOX_ERR_NON_LOOPBACK_HOST';

/** An error in how the sandbox was configured or called, never a simulated HubSpot response. */
export class SandboxError extends Error {
  readonly code: SandboxErrorCode;

  constructor(code: SandboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxError';
    this.code = code;
  }
}
