-- Partner labs of a network (docs/network.md). A partner is added by an admin with its gateway's public key, which
-- signs everything it sends; removing it deletes its equivalences and passes, so its visitors leave the ACLs at the next rebuild.
create table partners (
    id          text not null primary key,
    name        text not null,
    public_key  text not null,
    fingerprint text not null,
    visitors    text not null,
    added_at    bigint not null
);

-- Which of a partner's trainings count as which of ours, set by our fabmanagers: a visitor holding `their_training`
-- at home is treated as holding `our_training` here.
create table partner_equivalences (
    partner_id     text not null references partners (id),
    their_training text not null,
    our_training   text not null references trainings (id),
    primary key (partner_id, their_training, our_training)
);

-- The latest pass list each partner sent us, as verified; its rows replace the previous list's whole.
create table partner_pass_lists (
    partner_id  text not null primary key references partners (id),
    version     bigint not null,
    issued_at   bigint not null,
    valid_until bigint not null,
    received_at bigint not null
);

create table partner_visitors (
    partner_id      text not null references partners (id),
    credential_hash text not null,
    visitor_id      text not null,
    display_name    text not null,
    trainings       text not null,
    primary key (partner_id, credential_hash)
);

-- The version of the last pass list we published to each partner, so lists only grow in version across restarts
-- and instances.
create table partner_pass_versions (
    partner_id text not null primary key references partners (id),
    version    bigint not null
);
