import { registrationRefusal, RegistrationWindow } from './registration-window';

const NOW = new Date('2027-03-01T10:00:00Z');
const session = (overrides: Partial<RegistrationWindow> = {}): RegistrationWindow => ({
  status: 'published',
  startsAt: '2027-03-02T18:00:00Z',
  registrationOpensAt: null,
  registrationClosesAt: null,
  ...overrides,
});

describe('the registration window', () => {
  it('is open for a published session not yet begun, without a window', () => {
    expect(registrationRefusal(session(), NOW)).toBeNull();
  });

  it('names why it is shut', () => {
    expect(registrationRefusal(session({ status: 'cancelled' }), NOW)).toBe('SESSION_CANCELLED');
    expect(registrationRefusal(session({ status: 'draft' }), NOW)).toBe('SESSION_NOT_OPEN');
    expect(registrationRefusal(session({ startsAt: NOW }), NOW)).toBe('SESSION_STARTED');
    expect(registrationRefusal(session({ registrationOpensAt: '2027-03-01T10:00:01Z' }), NOW)).toBe(
      'REGISTRATION_NOT_YET_OPEN',
    );
    expect(registrationRefusal(session({ registrationClosesAt: NOW }), NOW)).toBe(
      'REGISTRATION_CLOSED',
    );
  });

  it('lets staff register for a draft or outside the window, but not once it began', () => {
    expect(registrationRefusal(session({ status: 'draft' }), NOW, true)).toBeNull();
    expect(registrationRefusal(session({ registrationClosesAt: NOW }), NOW, true)).toBeNull();
    expect(registrationRefusal(session({ startsAt: NOW }), NOW, true)).toBe('SESSION_STARTED');
  });
});
