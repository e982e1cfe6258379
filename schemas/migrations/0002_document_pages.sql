-- Per page: where its text came from (text layer or OCR) and how confident OCR was.
CREATE TABLE pipeline.document_pages (
    document_id    bigint  NOT NULL REFERENCES pipeline.documents (id) ON DELETE CASCADE,
    page           integer NOT NULL,
    text_source    text    NOT NULL CHECK (text_source IN ('text-layer', 'ocr', 'empty', 'skipped')),
    ocr_confidence real,
    characters     integer NOT NULL,
    note           text,
    PRIMARY KEY (document_id, page)
);
