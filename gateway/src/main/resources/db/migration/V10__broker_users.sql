-- The node users of the embedded broker: one per node, named after it, with the hash of its broker password
-- (gateway/.../port/PasswordHasher). The broker's rights follow from the name (firmware-config BrokerRules).
-- The gateway's own broker user is not here: its password is made anew by each gateway process.
create table broker_users (
    node_id       text   not null primary key,
    password_hash text   not null,
    updated_at    bigint not null
);
