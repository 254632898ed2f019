// The `notify-cancellation` worker in Node.js, through Baton's REST API (no Zeebe client
// library: plain fetch, Node 18 or newer).
//
//   node examples/order_fulfilment/notify-worker.mjs [http://localhost:8080/v2] [--once N]
//
// It long-polls POST /v2/jobs/activation for `notify-cancellation` jobs, "sends" the mail
// (prints a line) and completes each job with POST /v2/jobs/{jobKey}/completion. With
// `--once N` it stops after N jobs (used by the test).

const args = process.argv.slice(2);
const onceAt = args.indexOf("--once");
const limit = onceAt >= 0 ? Number(args[onceAt + 1]) : Infinity;
const positional = args.filter((a, i) => !a.startsWith("--") && i !== onceAt + 1);
const base = positional[0] ?? "http://localhost:8080/v2";

async function call(path, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
  return response.status === 204 ? null : response.json();
}

let done = 0;
while (done < limit) {
  const { jobs } = await call("/jobs/activation", {
    type: "notify-cancellation",
    worker: "notify-node",
    timeout: 30000,
    maxJobsToActivate: 10,
    requestTimeout: 5000,
  });
  for (const job of jobs) {
    const { orderId } = job.variables;
    console.log(`order ${orderId}: cancellation mail sent`);
    await call(`/jobs/${job.jobKey}/completion`, {
      variables: { customerNotified: true, notifiedBy: "node" },
    });
    done += 1;
  }
}
