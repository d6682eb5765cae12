/** How every figure is computed, printed with the report so the vendor can check our arithmetic. */
export function ReportDefinitions() {
  return (
    <section className="rpt-note" aria-label="Definitions">
      <h2>How these figures are computed</h2>
      <ul>
        <li>
          <strong>Days</strong> are UTC days. Days on which the monitor recorded no check run count neither as up nor as
          down (shown as —).
        </li>
        <li>
          <strong>Downtime</strong>: from an incident’s first failed check run to the first run of the passing streak
          that resolved it; overlapping incidents count once. <strong>Uptime</strong> = 1 − downtime ÷ (monitored time −
          maintenance). Planned maintenance counts neither way.
        </li>
        <li>
          <strong>Incidents</strong> count in the period they started. <strong>MTTD</strong>: fault start (sandbox
          ground truth; otherwise the first failed run) to detection. <strong>MTTR</strong>: first failed run to
          recovery, over recovered incidents.
        </li>
        <li>
          <strong>Webhook delivery rate</strong> = vendor messages whose webhook reached us ÷ vendor messages sent in
          the period. <strong>Missing</strong>: messages found by reconciliation because their webhook never came;{' '}
          <strong>backfilled</strong>: events reconciliation processed in their place.
        </li>
        <li>
          <strong>Webhook lag</strong> = received − sent. A single day’s percentiles are exact; longer periods merge
          daily histograms (buckets 25 % wide).
        </li>
        <li>
          <strong>Email success rate</strong> = sent or delivered ÷ (sent, delivered, failed, bounced or dropped);
          emails cancelled on purpose are left out.
        </li>
        <li>
          <strong>Chat vendor overall</strong> is down when the chat UI, webhooks or vendor API is; the SLA verdict
          applies to it and to each of them.
        </li>
      </ul>
    </section>
  );
}
