-- Contacts of a contact center. UCS identifies a contact from attributes such as the phone number.
CREATE TABLE contact (
    contact_center  VARCHAR(64)  NOT NULL,
    id              VARCHAR(16)  NOT NULL,
    phone_number    VARCHAR(64),
    email_address   VARCHAR(255),
    last_name       VARCHAR(255),
    attributes      TEXT         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT contact_pk PRIMARY KEY (contact_center, id)
);

CREATE INDEX contact_phone_number ON contact (contact_center, phone_number);

-- Phone-call interactions. One interaction per call: the same callId within one contact center
-- always maps to the same row, which the unique constraint enforces under concurrent requests.
CREATE TABLE interaction (
    id                       VARCHAR(16)   NOT NULL,
    contact_center           VARCHAR(64)   NOT NULL,
    call_id                  VARCHAR(255)  NOT NULL,
    media_type               VARCHAR(16)   NOT NULL,
    type                     VARCHAR(16)   NOT NULL,
    status                   VARCHAR(16)   NOT NULL,
    phone_number             VARCHAR(64)   NOT NULL,
    contact_id               VARCHAR(16),
    parent_id                VARCHAR(255),
    thread_id                VARCHAR(255),
    subject                  VARCHAR(1024),
    user_data                TEXT          NOT NULL,
    start_date               TIMESTAMP WITH TIME ZONE NOT NULL,
    end_date                 TIMESTAMP WITH TIME ZONE,
    call_duration            INTEGER,
    note                     TEXT,
    created_by_reference_id  BIGINT        NOT NULL,
    CONSTRAINT interaction_pk PRIMARY KEY (id),
    CONSTRAINT interaction_call_unique UNIQUE (contact_center, call_id)
);

-- Blocks of referenceIds. Each gateway instance takes a block of ids at a time from this
-- sequence, so referenceIds stay unique across instances and restarts.
CREATE SEQUENCE reference_id_block START WITH 1 INCREMENT BY 1;
