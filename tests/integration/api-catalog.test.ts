import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { AppHandler } from '../../server/app.ts';
import { createApiApp, dataDir } from './api-app.ts';

describe('shipments, events, commodities, datasets', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ bundled: true }));
  });

  it('GET /api/shipments lists shipments in a date range and, per month, their count and known volume', async () => {
    const { body } = await request(app)
      .get('/api/shipments?from=2024-03-01&to=2024-04-30&origin=RUS&destination=PRK')
      .expect(200);
    assert.deepEqual(
      body.shipments.map((s: { date: string; vessel: string; quantity: number | null }) => [
        s.date,
        s.vessel,
        s.quantity,
      ]),
      [
        ['2024-03-07', 'Paek Yang San 1', null],
        ['2024-04-01', 'Yu Son', null],
        ['2024-04-03', 'Eunheung', null],
        ['2024-04-07', 'Baekyangsan 1', null],
        ['2024-04-10', 'Wol Bong San', null],
      ],
    );
    assert.deepEqual(body.shipments[1], {
      date: '2024-04-01',
      vessel: 'Yu Son',
      imo: null,
      origin: 'RUS',
      destination: 'PRK',
      loadPort: 'Vostochny',
      dischargePort: 'Nampo',
      commodity: 'refined-oil',
      quantity: null,
      unit: null,
      status: 'reported',
      source: 'https://news1global.com/north-korea/view/423142/?amp=1',
      note: body.shipments[1].note,
    });
    // No volume was published for any of them: null, not 0.
    assert.deepEqual(body.months, [
      { month: '2024-03', count: 1, quantity: { value: null, unit: 'bbl', knownFor: 0 } },
      { month: '2024-04', count: 4, quantity: { value: null, unit: 'bbl', knownFor: 0 } },
    ]);
  });

  it('GET /api/shipments converts published quantities and says with which factor', async () => {
    const { body } = await request(app).get('/api/shipments?from=2017-10-01&to=2017-10-31').expect(200);
    assert.deepEqual(body.months, [
      { month: '2017-10', count: 1, quantity: { value: 12784, unit: 'bbl', knownFor: 1 } },
    ]);
    assert.deepEqual(
      body.conversions.map((c: { commodity: string; reporter: string; barrelsPerTonne: number; applied: string }) => [
        c.commodity,
        c.reporter,
        c.barrelsPerTonne,
        c.applied,
      ]),
      [['refined-oil', 'RUS', 7.99, 't→bbl']],
    );
    const tonnes = await request(app).get('/api/shipments?from=2017-10-01&to=2017-10-31&unit=t').expect(200);
    assert.equal(tonnes.body.months[0].quantity.value, 1600);
    const none = await request(app).get('/api/shipments?origin=CHN').expect(200);
    assert.deepEqual(none.body, {
      query: { from: null, to: null, origin: 'CHN', destination: null, unit: 'bbl' },
      shipments: [],
      months: [],
      conversions: [],
    });
  });

  it('GET /api/events filters by date range and category, and lists every category', async () => {
    const all = await request(app).get('/api/events').expect(200);
    assert.equal(all.body.events.length, 31);
    assert.deepEqual(all.body.categories, ['sanctions', 'resolution', 'test', 'trade-ban', 'diplomacy', 'shipping']);
    const { body } = await request(app)
      .get('/api/events?from=2017-01-01&to=2017-12-31&category=test,resolution')
      .expect(200);
    assert.deepEqual(
      body.events.map((e: { date: string; category: string }) => [e.date, e.category]),
      [
        ['2017-06-02', 'resolution'],
        ['2017-07-04', 'test'],
        ['2017-08-05', 'resolution'],
        ['2017-09-03', 'test'],
        ['2017-09-11', 'resolution'],
        ['2017-11-29', 'test'],
        ['2017-12-22', 'resolution'],
      ],
    );
    assert.deepEqual(Object.keys(body.events[0]).sort(), ['category', 'date', 'id', 'note', 'source', 'title']);
  });

  it('GET /api/commodities gives groups with their products, units and sources', async () => {
    const { body } = await request(app).get('/api/commodities').expect(200);
    assert.deepEqual(
      body.groups.map((g: { key: string; hsPrefix: string }) => [g.key, g.hsPrefix]),
      [
        ['refined-oil', '2710'],
        ['crude-oil', '2709'],
        ['corn', '1005'],
        ['rice', '1006'],
        ['petroleum-gas', '2711'],
      ],
    );
    assert.deepEqual(body.groups.at(-1).products, [{ key: 'lpg', label: 'Liquefied petroleum gas', hsCode: '2711' }]);
    assert.deepEqual(
      body.units.map((u: { key: string }) => u.key),
      ['t', 'kg', 'bbl', 'usd'],
    );
    assert.deepEqual(
      body.sources.map((s: { key: string }) => s.key),
      ['customs', 'un1718', 'shipments'],
    );
  });

  it('GET /api/datasets gives each dataset’s provenance, coverage, versions and whether its file is kept', async () => {
    const { body } = await request(app).get('/api/datasets').expect(200);
    assert.deepEqual(
      body.datasets.map((d: { fileName: string }) => d.fileName),
      [
        'china-customs-exports-prk.csv',
        'conversion-factors.csv',
        'events.csv',
        'published-claims.csv',
        'russia-shipments-2024.csv',
        'un1718-refined-petroleum.csv',
      ],
    );
    const events = body.datasets.find((d: { fileName: string }) => d.fileName === 'events.csv');
    const sha256 = createHash('sha256')
      .update(readFileSync(join(dataDir, 'events.csv')))
      .digest('hex');
    assert.deepEqual(
      { ...events, id: 0 },
      {
        id: 0,
        name: 'events',
        fileName: 'events.csv',
        sha256,
        format: 'events',
        rowCount: 31,
        importedAt: '2026-11-23T12:00:00.000Z',
        sourceDescription: events.sourceDescription,
        // 31 events in 23 months, of six categories (data/events.csv).
        coverage: { series: 6, months: 23, firstPeriod: '2016-01', lastPeriod: '2024-12' },
        versionCount: 1,
        fileAvailable: true,
      },
    );
    assert.match(events.sourceDescription, /Bundled with Tradeflow/);
  });
});
