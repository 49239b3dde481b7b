import { describe, expect, it } from 'vitest';

import { statusMappingSchema } from '../../src/domain/status-mapping.js';
import {
  toFieldIssues,
  zodValidatorCompiler,
  type RequestValidationIssue,
} from '../../src/http/validation.js';

// An invalid key of a record (a status name in the status mapping) was reported as
// "expected a valid value", which names neither the rule nor the fix.
function validate(data: unknown): RequestValidationIssue[] {
  const validator = zodValidatorCompiler({
    schema: statusMappingSchema,
    method: 'PUT',
    url: '/x',
    httpPart: 'body',
  });
  const result = validator(data) as { error?: unknown };
  return (result.error ?? []) as RequestValidationIssue[];
}

const COMPLETE = {
  registered: 'register',
  confirmed: 'register',
  attended: 'attend',
  declined: 'cancel',
  cancelled: 'cancel',
};

describe('record key message', () => {
  it('invalid status name says what a status looks like', () => {
    const issues = validate({ ...COMPLETE, 'Wait Listed': 'ignore' });

    expect(toFieldIssues('body.statusMapping', issues)).toEqual([
      {
        field: 'body.statusMapping["Wait Listed"]',
        message: 'invalid key: expected an Oniva status: lowercase letters and "_", at most 64 characters',
      },
    ]);
  });
});
