import { apiClient, parseResponse } from './api.js';
import type { CommandInput } from './options.js';
import { pad } from './output.js';

export async function listQueues({ values }: CommandInput): Promise<void> {
  const { queues } = await parseResponse(apiClient().api.queues.$get());
  if (values.json) {
    for (const queue of queues) console.log(JSON.stringify(queue));
    return;
  }
  console.log(`${pad('QUEUE', 16)} ${pad('WAITING', 8)} ${pad('ACTIVE', 8)} ${pad('DELAYED', 8)} ${pad('FAILED', 8)} ${pad('COMPLETED', 9)} PAUSED`);
  for (const queue of queues) {
    console.log(
      `${pad(queue.name, 16)} ${pad(queue.waiting, 8)} ${pad(queue.active, 8)} ${pad(queue.delayed, 8)} ${pad(queue.failed, 8)} ${pad(queue.completed, 9)} ${queue.paused ? 'yes' : 'no'}`,
    );
  }
}
