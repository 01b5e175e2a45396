import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendSigned } from './webhook-sender.js';
import { isPrivateAddress, targetProblem } from './webhook-target.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:a00:1',
    '0:0:0:0:0:ffff:c0a8:0101',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '172.32.0.1',
    '192.169.0.1',
    '8.8.8.8',
    '2a00:1450:4001:80e::200e',
    '::ffff:8.8.8.8',
  ])('allows %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('targetProblem', () => {
  it('accepts a public https URL, and http or loopback only where private targets are allowed', () => {
    expect(targetProblem('https://hooks.example.org/ts?x=1', false)).toBeNull();
    expect(targetProblem('http://hooks.example.org/ts', false)).toMatch(/https/);
    expect(targetProblem('http://127.0.0.1:8080/ts', true)).toBeNull();
    expect(targetProblem('https://127.0.0.1/ts', false)).toMatch(/loopback, private or reserved/);
    expect(targetProblem('https://[fd12::1]/ts', false)).toMatch(/loopback, private or reserved/);
    expect(targetProblem('https://api.localhost/ts', false)).toMatch(/this machine/);
    expect(targetProblem('https://user:pw@hooks.example.org/', false)).toMatch(/credentials/);
    expect(targetProblem('ftp://hooks.example.org/', true)).toMatch(/https/);
    expect(targetProblem('not a url', true)).toMatch(/absolute/);
  });
});

describe('sendSigned', () => {
  let server: Server;
  let hits = 0;
  let port = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const message = {
    id: 'msg_1',
    body: '{"type":"webhook.test"}',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  };

  it('refuses a name that resolves to loopback at connection time, without sending', async () => {
    const result = await sendSigned(`http://localhost:${port}/`, message, {
      timeoutMs: 1000,
      allowPrivateTargets: false,
    });
    expect(result).toMatchObject({ delivered: false, statusCode: null });
    expect(result.error).toMatch(
      /^target address (127\.0\.0\.1|::1) is loopback, private or reserved; refused$/,
    );
    expect(hits).toBe(0);
  });

  it('refuses a literal private address without connecting', async () => {
    const result = await sendSigned(`http://127.0.0.1:${port}/`, message, {
      timeoutMs: 1000,
      allowPrivateTargets: false,
    });
    expect(result.error).toBe('target address 127.0.0.1 is loopback, private or reserved; refused');
    expect(hits).toBe(0);
  });

  it('sends where private targets are allowed, and a 2xx is a delivery', async () => {
    const result = await sendSigned(`http://localhost:${port}/`, message, {
      timeoutMs: 1000,
      allowPrivateTargets: true,
    });
    expect(result).toMatchObject({ delivered: true, statusCode: 204, error: null });
    expect(hits).toBe(1);
  });
});
