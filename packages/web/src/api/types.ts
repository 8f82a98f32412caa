import type { paths } from './schema';

/** Response and parameter types, named once, all derived from the generated OpenAPI types. */
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type Me = Json<paths['/api/auth/me']['get']['responses'][200]>;
export type Permission = Me['permissions'][number];
export type Role = Me['roles'][number];
export type OrderPage = Json<paths['/api/orders']['get']['responses'][200]>;
export type Order = OrderPage['items'][number];
export type OrderState = Order['state'];
export type OrderCard = Order['card'];
export type Channel = Order['channel'];
export type RequestType = Order['requestType'];
export type Urgency = Order['urgency'];
export type Satisfaction = NonNullable<Order['satisfaction']>;
export type ListOrdersQuery = NonNullable<paths['/api/orders']['get']['parameters']['query']>;
export type OrderEvent = Json<paths['/api/orders/{id}/timeline']['get']['responses'][200]>['items'][number];
export type Unit = Json<paths['/api/units']['get']['responses'][200]>['items'][number];
export type Category = Json<paths['/api/categories']['get']['responses'][200]>['items'][number];
export type Health = Json<paths['/healthz']['get']['responses'][200]>;
export type ErrorBody = Json<paths['/api/auth/me']['get']['responses'][401]>;
export type ErrorCode = ErrorBody['error']['code'];
