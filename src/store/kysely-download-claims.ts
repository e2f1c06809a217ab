import type { Kysely } from 'kysely';
import type { DownloadClaimant, DownloadClaims } from '../market-data/download-claims.js';
import type { Database } from './schema.js';

export interface KyselyDownloadClaimsOptions {
  /** This process (a worker id); each claimant adds a number of its own. */
  owner: string;
  /** How long a claim lasts unless renewed; renewed every third of it while the download runs. */
  leaseMs: number;
  now?: () => Date;
}

/**
 * Download claims in `price_download_claims`: one row per symbol being fetched. A claim is taken
 * with one upsert that succeeds only where the row is absent, expired or already ours, so two
 * processes racing for a symbol cannot both win it.
 */
export class KyselyDownloadClaims implements DownloadClaims {
  #claimants = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: KyselyDownloadClaimsOptions,
  ) {}

  claimant(): DownloadClaimant {
    const token = `${this.options.owner}/download-${++this.#claimants}`;
    const held = new Set<string>();
    const now = (): Date => this.options.now?.() ?? new Date();
    const until = (): string => new Date(now().getTime() + this.options.leaseMs).toISOString();
    let timer: NodeJS.Timeout | undefined;
    const renew = async (): Promise<void> => {
      if (held.size === 0) return;
      await this.db
        .updateTable('price_download_claims')
        .set({ expires_at: until() })
        .where('owner', '=', token)
        .where('symbol', 'in', [...held])
        .execute()
        .catch(() => undefined); // a missed renewal costs at worst a second download of one symbol
    };
    return {
      tryClaim: async (symbol) => {
        const at = now().toISOString();
        const claim = { symbol, owner: token, expires_at: until() };
        const result = await this.db
          .insertInto('price_download_claims')
          .values(claim)
          .onConflict((oc) =>
            oc
              .column('symbol')
              .doUpdateSet({ owner: token, expires_at: claim.expires_at })
              .where((eb) =>
                eb.or([
                  eb('price_download_claims.expires_at', '<', at),
                  eb('price_download_claims.owner', '=', token),
                ]),
              ),
          )
          .executeTakeFirst();
        const won = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
        if (won) {
          held.add(symbol);
          timer ??= setInterval(() => void renew(), Math.max(100, this.options.leaseMs / 3));
          timer.unref();
        }
        return won;
      },
      release: async (symbol) => {
        held.delete(symbol);
        await this.db
          .deleteFrom('price_download_claims')
          .where('symbol', '=', symbol)
          .where('owner', '=', token)
          .execute();
      },
      close: async () => {
        if (timer) clearInterval(timer);
        timer = undefined;
        const symbols = [...held];
        held.clear();
        if (symbols.length === 0) return;
        await this.db
          .deleteFrom('price_download_claims')
          .where('owner', '=', token)
          .where('symbol', 'in', symbols)
          .execute();
      },
    };
  }
}
