import type { ServerPrivilege } from './server-privilege';

/** Points: credited to the wallet; a quote's points are honoured while it is valid. */
export const points: ServerPrivilege<'points'> = {
  honour: (current, quoted) => (quoted?.type === 'points' ? quoted : current),
  credits: (offer) => offer.points,
  grant: (offer) => ({
    privilege: { type: 'points', points: offer.points },
    points: offer.points,
    newLicense: null,
  }),
  events: (granted, balance) => (granted.points > 0 ? [{ type: 'wallet.changed', balance }] : []),
  webhook: (grant, receipt) => ({ type: 'points', points: grant.points, balance: receipt.balance }),
};
