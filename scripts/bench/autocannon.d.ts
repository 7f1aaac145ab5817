/** The part of autocannon's API the benchmarks use (it ships no types). */
declare module 'autocannon' {
  export interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }
  export interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    overallRate?: number;
    requests?: { method?: string; setupRequest?: (req: RawRequest) => RawRequest }[];
    verifyBody?: (body: string) => boolean;
  }
  export interface Result {
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches: number;
    duration: number;
    '2xx': number;
  }
  export interface Instance extends PromiseLike<Result> {
    on(event: 'tick', fn: (counter: { counter: number }) => void): void;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}
