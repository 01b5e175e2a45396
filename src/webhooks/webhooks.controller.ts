import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCallbacks,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, Auth, type Caller } from '../auth/index.js';
import { ShowsSecretOnce } from '../common/http/idempotency.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { mapPage } from '../common/pagination/page.js';
import { UuidParam } from '../common/pipes/uuid-param.pipe.js';
import {
  CreateWebhookSubscriptionDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryListQuery,
  WebhookSubscriptionListQuery,
} from './dto/webhook-subscription.dto.js';
import {
  WebhookDeliveryPage,
  WebhookDeliveryResponse,
  WebhookSubscriptionPage,
  WebhookSubscriptionResponse,
  WebhookSubscriptionWithSecretResponse,
} from './dto/webhook-subscription.response.js';
import { WebhookMessage, WebhookTestData } from './dto/webhook-message.js';
import { WebhooksService, type DeliveryView } from './webhooks.service.js';

// Admins manage every client's subscriptions; an API client with the scope manages its own.
const MANAGERS = { roles: ['admin'], clientScope: 'webhooks:manage' } as const;

const deliveryOf = ({ delivery, attempts }: DeliveryView) => WebhookDeliveryResponse.from(delivery, attempts);

@ApiTags('webhooks')
@ApiExtraModels(WebhookMessage, WebhookTestData)
@Controller('webhook-subscriptions')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Access(MANAGERS)
  @ShowsSecretOnce()
  @ApiOperation({
    operationId: 'createWebhookSubscription',
    summary: 'Subscribe a URL to changes; the answer shows the signing secret once',
    description:
      'Every change committed from now on that the client may read (its scopes and territory, as in `GET /changes`), ' +
      'of the kinds in `types`, is POSTed to `url` as a Standard Webhooks message (`webhook-id`, `webhook-timestamp`, ' +
      '`webhook-signature`: HMAC-SHA256 with the secret), body a `WebhookMessage` (see the schemas): `{type, timestamp, data}` ' +
      'with `data` the change as the feed shows it. Failed deliveries are retried with exponential backoff and jitter; a subscription failing for ' +
      '24 h is paused. The URL must be https and must not point to loopback or private addresses (422).',
  })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecretResponse })
  // What the subscriber receives: OpenAPI 3.0's callbacks, so the message has a schema (and a generated type).
  @ApiCallbacks({
    name: 'delivery',
    callbackUrl: '{$request.body#/url}',
    method: 'post',
    requestBody: { type: WebhookMessage },
    expectedResponse: {
      status: 204,
      description: 'Any 2xx accepts the message; anything else, or no answer in time, is retried later.',
    },
  })
  @ApiProblems(400, 403, 422)
  async create(
    @Auth() caller: Caller,
    @Body() dto: CreateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionWithSecretResponse> {
    return WebhookSubscriptionWithSecretResponse.fromNew(await this.webhooks.create(caller, dto));
  }

  @Get()
  @Access(MANAGERS)
  @ApiOperation({
    operationId: 'listWebhookSubscriptions',
    summary: 'List webhook subscriptions (an API client: its own)',
    description: 'Without secrets. Admins may filter by `clientId`.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionPage })
  @ApiProblems(400)
  async list(
    @Auth() caller: Caller,
    @Query() query: WebhookSubscriptionListQuery,
  ): Promise<WebhookSubscriptionPage> {
    return mapPage(await this.webhooks.list(caller, query), WebhookSubscriptionResponse.from);
  }

  @Get(':id')
  @Access(MANAGERS)
  @ApiOperation({
    operationId: 'getWebhookSubscription',
    summary: 'One webhook subscription, with its state and why it is paused',
    description: 'The secret is never shown again. Another client’s subscription is a 404.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionResponse })
  @ApiProblems(400, 404)
  async get(@Auth() caller: Caller, @UuidParam('id') id: string): Promise<WebhookSubscriptionResponse> {
    return WebhookSubscriptionResponse.from(await this.webhooks.get(caller, id));
  }

  @Patch(':id')
  @Access(MANAGERS)
  @ApiOperation({
    operationId: 'updateWebhookSubscription',
    summary: 'Change URL or kinds, switch off, or resume a paused subscription',
    description:
      'Only the fields sent change. `active: true` resumes a paused subscription and sends the deliveries that ' +
      'waited; `active: false` holds deliveries back until switched on again.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionResponse })
  @ApiProblems(400, 404, 409, 422)
  async update(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: UpdateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionResponse> {
    return WebhookSubscriptionResponse.from(await this.webhooks.update(caller, id, dto));
  }

  @Post(':id/secret')
  @Access(MANAGERS)
  @ShowsSecretOnce()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate the signing secret: a new one is shown once',
    description:
      'Every attempt from now on is signed with the new secret, also retries of earlier deliveries.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionWithSecretResponse })
  @ApiProblems(400, 404)
  async rotateSecret(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
  ): Promise<WebhookSubscriptionWithSecretResponse> {
    return WebhookSubscriptionWithSecretResponse.fromNew(await this.webhooks.rotateSecret(caller, id));
  }

  @Delete(':id')
  @Access(MANAGERS)
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteWebhookSubscription',
    summary: 'Delete a subscription and its delivery log',
    description: 'Deliveries not yet sent are dropped; the change feed still has every change.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404)
  async remove(@Auth() caller: Caller, @UuidParam('id') id: string): Promise<void> {
    await this.webhooks.remove(caller, id);
  }

  @Get(':id/deliveries')
  @Access(MANAGERS)
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The deliveries of a subscription, newest first, each with its attempts',
    description:
      'Each attempt with the receiver’s status code, how long it took and the error (timeout, refused connection, ' +
      '`HTTP 500`, a redirect, which is not followed). Kept for a limited time (default 30 days).',
  })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiProblems(400, 404)
  async deliveries(
    @Auth() caller: Caller,
    @UuidParam('id') id: string,
    @Query() query: WebhookDeliveryListQuery,
  ): Promise<WebhookDeliveryPage> {
    return mapPage(await this.webhooks.deliveriesOf(caller, id, query), deliveryOf);
  }

  @Post(':id/test')
  @Access(MANAGERS)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'testWebhookSubscription',
    summary: 'Send a signed `webhook.test` message now and see what the receiver answered',
    description:
      'Answers 200 with the delivery and its one attempt, also when the receiver failed (`status: failed`, with the ' +
      'error). A ping is not retried and does not count towards pausing; it is listed among the deliveries.',
  })
  @ApiOkResponse({ type: WebhookDeliveryResponse })
  @ApiProblems(400, 404)
  async test(@Auth() caller: Caller, @UuidParam('id') id: string): Promise<WebhookDeliveryResponse> {
    return deliveryOf((await this.webhooks.ping(caller, id)).view);
  }
}
