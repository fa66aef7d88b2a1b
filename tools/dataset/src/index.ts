export { BENCH_USERS_TABLE, createBenchUsers } from './lib/bench-users';
export { createShop, SHOP_PROFILE, type ShopOptions } from './lib/shop';
