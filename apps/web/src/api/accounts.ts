import type { z } from 'zod';
import type { account, accountCreateBody, accountList, accountListQuery, accountUpdateBody } from '@cjrh/domain';
import { http } from './http';

export type Account = z.infer<typeof account>;
export type AccountList = z.infer<typeof accountList>;
export type AccountListQuery = Partial<z.infer<typeof accountListQuery>>;
export type AccountCreateBody = z.input<typeof accountCreateBody>;
export type AccountUpdateBody = z.input<typeof accountUpdateBody>;

export const accountsApi = {
  list: (q: AccountListQuery) => http.get<AccountList>('/api/accounts', q),
  create: (body: AccountCreateBody) => http.post<Account>('/api/accounts', body),
  update: (id: number, body: AccountUpdateBody) => http.patch<Account>(`/api/accounts/${id}`, body),
  count: async () => (await http.get<AccountList>('/api/accounts', { page: 1, pageSize: 1 })).total,
};
