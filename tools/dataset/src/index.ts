export { BENCH_USERS_TABLE, createBenchUsers, type BenchUsersOptions } from './lib/bench-users';
export { createShop, SHOP_PROFILE, type ShopOptions } from './lib/shop';
