import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { WalletPage } from './pages/wallet-page';

test.describe('wallet', () => {
  test('shows balance, ledger and receipts, and exports them as CSV', async ({ page, app }) => {
    // Setup through the contract: a confirmed buyback, so there is a receipt to export.
    const quiet = app.demo.seed.products['quiet-shelf']?.contentIds[0] ?? '';
    const returned = await app.invoke('returns.request', { contentId: quiet, kind: 'buyback' });
    expect(returned.ok).toBe(true);

    const shell = new AppPage(page);
    const wallet = new WalletPage(page);
    await shell.goTo('Wallet & history');
    await expect(wallet.balance()).toHaveText('2,699 points');
    await expect(wallet.ledger()).toContainText('Buyback of a return');
    await expect(wallet.ledger()).toContainText('Spent on a purchase');
    await expect(wallet.receipts()).toContainText('The Quiet Shelf');
    await expect(wallet.receipts()).toContainText('+699 points');
    await shell.screenshot('wallet');

    const [ledgerFile] = await Promise.all([
      page.waitForEvent('download'),
      wallet.exportButton('ledger').click(),
    ]);
    expect(ledgerFile.suggestedFilename()).toMatch(/\.csv$/);
    const ledgerCsv = await readFile((await ledgerFile.path()) ?? '', 'utf8');
    expect(ledgerCsv).toContain('buyback');
    expect(ledgerCsv).toContain('699');

    const [receiptsFile] = await Promise.all([
      page.waitForEvent('download'),
      wallet.exportButton('receipts').click(),
    ]);
    expect(receiptsFile.suggestedFilename()).toMatch(/\.csv$/);
    const receiptsCsv = await readFile((await receiptsFile.path()) ?? '', 'utf8');
    expect(receiptsCsv).toContain('The Quiet Shelf');
  });
});
