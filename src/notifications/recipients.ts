import type { MemberContact, OrganizationContacts } from '../organizations/organizations.service';

/** The two sides of a booking: the room's owners and the organisation that asked for it. */
export type Side = 'owner' | 'requester';

export interface Recipient {
  email: string;
  name: string;
  locale: string;
  side: Side;
}

/** Everyone who acts for the room: all members of the organisation that owns its venue. */
export function ownerSide(owning: OrganizationContacts | undefined): Recipient[] {
  return (owning?.members ?? []).map((member) => recipient(member, 'owner'));
}

/**
 * The person who made the request, while they still belong to the requesting organisation;
 * otherwise (account gone, left the organisation, or an admin requested on its behalf) the
 * organisation's owners, who answer for it.
 */
export function requesterSide(
  requestedBy: string | null,
  requesting: OrganizationContacts | undefined,
): Recipient[] {
  const members = requesting?.members ?? [];
  const requester = members.find((member) => member.userId === requestedBy);
  const people = requester ? [requester] : members.filter((member) => member.role === 'owner');
  return people.map((member) => recipient(member, 'requester'));
}

/**
 * Each address once, the first mention winning: callers list the requester side first, so
 * that someone on both sides gets the requester's mail (the one with the invitation).
 */
export function onePerAddress<T extends { recipient: Recipient }>(deliveries: T[]): T[] {
  const seen = new Set<string>();
  return deliveries.filter(({ recipient }) => {
    const key = recipient.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const recipient = (member: MemberContact, side: Side): Recipient => ({
  email: member.email,
  name: member.name,
  locale: member.locale,
  side,
});
