-- Named queries, loaded by budget/queries.py. Parameters are bound ($name), never pasted.

-- name: instruments
-- The four instruments with envelope, period and provider, in display order.
SELECT code, name_ko, name_en, short_ko, short_en, envelope_krw, period_start, period_end,
       provider_ko, provider_en, period_note_ko, period_note_en, source
FROM instrument
ORDER BY sort_order;

-- name: sectors
-- The alliance sectors with the date each joined, in display order.
SELECT code, name_ko, name_en, joined_on, joined_precision, aliases, source
FROM sector
ORDER BY sort_order;

-- name: regions
-- The 17 시도.
SELECT code, name_ko, name_en, full_name_ko
FROM region
ORDER BY sort_order;

-- name: milestones
-- Reported facts with their sources, oldest first.
SELECT id, on_date, date_precision, kind, sector, instrument, value, unit, note_ko, note_en, source
FROM milestone
ORDER BY on_date, id;

-- name: current_plan
-- The plan in force: the newest uploaded plan that is not archived, else the baseline
-- (even an archived one: every view needs a plan to compare with).
SELECT id, name, kind, note
FROM scenario
WHERE (kind = 'plan' AND NOT archived) OR kind = 'baseline'
ORDER BY kind = 'plan' DESC, archived, created_at DESC, id DESC
LIMIT 1;

-- name: allocation_cells
-- A scenario's allocation, one row per instrument × sector × year.
SELECT instrument, sector, year, sum(amount_krw)::BIGINT AS amount_krw
FROM allocation
WHERE scenario_id = $scenario_id
GROUP BY ALL;

-- name: disbursed_cells
-- Live disbursements summed per instrument × sector × year (from the monthly summary).
SELECT instrument, sector, year(month)::INTEGER AS year, sum(amount_krw)::BIGINT AS amount_krw,
       sum(payments)::BIGINT AS payments
FROM live_monthly
GROUP BY ALL;

-- name: disbursement_status
-- What the live disbursements are: how many, how many synthetic, and the newest payment date.
-- Read from the monthly summary, so it stays cheap at millions of payments.
SELECT coalesce(sum(m.payments), 0)::BIGINT AS rows_live,
       coalesce(sum(m.payments) FILTER (WHERE b.synthetic), 0)::BIGINT AS rows_synthetic,
       max(m.last_paid_on) AS as_of
FROM live_monthly m
JOIN upload_batch b ON b.id = m.batch_id;

-- name: data_version
-- Changes whenever data that figures depend on change: a batch loaded or reverted, a scenario saved.
SELECT (SELECT count(*) FROM upload_batch) || ':' ||
       (SELECT count(*) FROM upload_batch WHERE status = 'reverted') || ':' ||
       coalesce((SELECT max(id) FROM upload_batch), 0) || ':' ||
       (SELECT count(*) FROM scenario) || ':' ||
       coalesce((SELECT strftime(max(created_at), '%Y%m%d%H%M%S%f') FROM scenario), '') || ':' ||
       coalesce((SELECT strftime(max(updated_at), '%Y%m%d%H%M%S%f') FROM scenario), '') AS version;

-- name: scenarios
-- Scenarios a reader can choose: the baseline first (always), then uploaded plans, then the rest.
SELECT id, name, kind, created_by, created_at, note
FROM scenario
WHERE NOT archived OR kind = 'baseline'
ORDER BY kind = 'baseline' DESC, kind = 'plan' DESC, created_at, id;

-- name: allocation_view
-- A scenario's allocation within a view (instruments, sectors, years).
SELECT instrument, sector, year, sum(amount_krw)::BIGINT AS amount_krw
FROM allocation
WHERE scenario_id = $scenario_id
  AND ($instruments IS NULL OR list_contains($instruments, instrument))
  AND ($sectors IS NULL OR list_contains($sectors, sector))
  AND year BETWEEN $year_from AND $year_to
GROUP BY ALL;

-- name: monthly_view
-- Live payments by instrument × sector × month within a view.
SELECT instrument, sector, month, sum(amount_krw)::BIGINT AS amount_krw,
       sum(payments)::BIGINT AS payments, max(last_paid_on) AS last_paid_on
FROM live_monthly
WHERE ($instruments IS NULL OR list_contains($instruments, instrument))
  AND ($sectors IS NULL OR list_contains($sectors, sector))
  AND year(month) BETWEEN $year_from AND $year_to
GROUP BY instrument, sector, month;

-- name: regions_view
-- Live payments by region (시도) within a view; payments without a region under ''.
SELECT coalesce(region, '') AS region, sum(amount_krw)::BIGINT AS amount_krw, sum(payments)::BIGINT AS payments
FROM live_monthly
WHERE ($instruments IS NULL OR list_contains($instruments, instrument))
  AND ($sectors IS NULL OR list_contains($sectors, sector))
  AND year(month) BETWEEN $year_from AND $year_to
GROUP BY 1;

-- name: top_recipients_view
-- The recipients paid most within a narrower view: one pass over the payments by integer
-- recipient key. $reverted lists the batches that no longer count (NULL when none), cheaper than
-- a join to upload_batch for every payment. The region is the one each is paid most in overall.
WITH top AS (
    SELECT recipient_id, sum(amount_krw)::BIGINT AS amount_krw, count(*) AS payments
    FROM disbursement
    WHERE recipient_id IS NOT NULL
      AND ($reverted IS NULL OR NOT list_contains($reverted, batch_id))
      AND ($instruments IS NULL OR list_contains($instruments, instrument))
      AND ($sectors IS NULL OR list_contains($sectors, sector))
      AND ($whole_period OR paid_on BETWEEN make_date($year_from, 1, 1) AND make_date($year_to, 12, 31))
    GROUP BY recipient_id
    ORDER BY amount_krw DESC, recipient_id
    LIMIT $limit
), seat AS (
    SELECT recipient_id, arg_max(region, amount_krw) AS region
    FROM (SELECT recipient_id, region, sum(amount_krw) AS amount_krw FROM recipient_total
          WHERE recipient_id IN (SELECT recipient_id FROM top) AND region IS NOT NULL
            AND ($reverted IS NULL OR NOT list_contains($reverted, batch_id))
          GROUP BY recipient_id, region)
    GROUP BY recipient_id
)
SELECT r.name AS recipient, s.region, t.amount_krw, t.payments
FROM top t
JOIN recipient r ON r.id = t.recipient_id
LEFT JOIN seat s USING (recipient_id)
ORDER BY t.amount_krw DESC, r.name;

-- name: top_recipients_all
-- The recipients paid most in the whole programme, and the region each is paid most in, from
-- the totals per batch, recipient and region.
WITH live AS (
    SELECT recipient_id, region, sum(amount_krw)::BIGINT AS amount_krw, sum(payments)::BIGINT AS payments
    FROM recipient_total
    WHERE ($reverted IS NULL OR NOT list_contains($reverted, batch_id))
    GROUP BY recipient_id, region
), top AS (
    SELECT recipient_id, sum(amount_krw)::BIGINT AS amount_krw, sum(payments)::BIGINT AS payments,
           arg_max(region, amount_krw) FILTER (WHERE region IS NOT NULL) AS region
    FROM live
    GROUP BY recipient_id
    ORDER BY amount_krw DESC, recipient_id
    LIMIT $limit
)
SELECT r.name AS recipient, t.region, t.amount_krw, t.payments
FROM top t
JOIN recipient r ON r.id = t.recipient_id
ORDER BY t.amount_krw DESC, r.name;

-- name: reverted_batches
-- Batches that no longer count.
SELECT id FROM upload_batch WHERE status = 'reverted' ORDER BY id;

-- name: batches
-- Every batch, newest first, with what it added and whether it still counts.
SELECT id, kind, file_name, source, sha256, uploaded_by, uploaded_at, rows_total, rows_loaded, rows_rejected,
       amount_loaded_krw, synthetic, status, reverted_at, reverted_by
FROM upload_batch
ORDER BY id DESC;

-- name: rejected_rows
-- The rows a batch refused, with the rule and message (in English too, for rows rejected since m007),
-- the file's own names of its fields (batches loaded since m008), the value given and the row's
-- value expected (rows rejected since m009).
SELECT r.row_number, r.field, r.rule, r.message, r.message_en, r.value, r.want, r.raw, b.headers
FROM rejected_row r JOIN upload_batch b ON b.id = r.batch_id
WHERE r.batch_id = $batch_id
ORDER BY r.row_number, r.rule;

-- name: scenario_list
-- Every scenario with its parent's name and totals, newest first; archived ones when asked.
SELECT s.id, s.name, s.kind, s.created_by, s.created_at, s.note, s.parent_id, p.name AS parent_name,
       s.archived, s.updated_by, s.updated_at,
       (SELECT coalesce(sum(a.amount_krw::HUGEINT), 0) FROM allocation a WHERE a.scenario_id = s.id) AS total_krw
FROM scenario s
LEFT JOIN scenario p ON p.id = s.parent_id
WHERE $archived OR NOT s.archived OR s.kind = 'baseline'
ORDER BY s.kind = 'baseline' DESC, s.kind = 'plan' DESC, s.created_at DESC, s.id DESC;

-- name: scenario_uptake
-- A scenario's expected uptake rates (sector '' = the whole instrument).
SELECT instrument, sector, rate
FROM scenario_uptake
WHERE scenario_id = $scenario_id
ORDER BY instrument, sector;

-- name: audit_log
-- Every write a person made, newest first.
SELECT id, done_at, who, action, subject, detail
FROM audit_log
ORDER BY id DESC;

-- name: time_zone
-- The time zone the database's timestamps are kept in (the machine's, as DuckDB read it).
SELECT current_setting('TimeZone') AS time_zone;
