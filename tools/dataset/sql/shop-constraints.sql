-- Constraints and indexes of the demo schema, added after the data (faster than row-by-row checks).
ALTER TABLE addresses ADD CONSTRAINT addresses_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX addresses_user_idx ON addresses (user_id);
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
CREATE INDEX orders_user_idx ON orders (user_id);
CREATE INDEX orders_created_idx ON orders (created_at);
ALTER TABLE order_items ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
ALTER TABLE order_items ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id);
ALTER TABLE payments ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE support_tickets ADD CONSTRAINT support_tickets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
CREATE VIEW customer_lifetime_value AS
  SELECT u.id, u.email, count(o.id) AS orders, coalesce(sum(o.total), 0) AS total
    FROM users u LEFT JOIN orders o ON o.user_id = u.id
   GROUP BY u.id, u.email;
