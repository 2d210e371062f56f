//! The public types can cross threads.

fn send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<pagefmt::Page<'static>>();
    send_sync::<pagefmt::Header<'static>>();
    send_sync::<pagefmt::Field<'static>>();
    send_sync::<pagefmt::Value<'static>>();
    send_sync::<pagefmt::PyMeta<'static>>();
    send_sync::<pagefmt::PageMeta>();
    send_sync::<pagefmt::Error>();
    send_sync::<pagefmt::Errors>();
    send_sync::<pagefmt::Span>();
    send_sync::<pagefmt::Location>();
    send_sync::<pagefmt::LineIndex>();
}
