#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace Entra {

// Delivers the result of `future` to `callback` on `context`'s thread, and never after
// `context` is destroyed (a closed page simply gets nothing). Canceled futures (the TPM worker
// shutting down) call nothing.
//
// Use this rather than QFuture::then(context, ...): in Qt 6.4 that asserts (Q_ASSERT(context)
// in qfuture_impl.h) when the context object dies before the future finishes.
template<typename T, typename Callback>
void deliverTo(QObject *context, QFuture<T> future, Callback &&callback)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, callback = std::forward<Callback>(callback)]() mutable {
                         const QFuture<T> done = watcher->future();
                         watcher->deleteLater();
                         if (done.isCanceled() || done.resultCount() == 0)
                             return;
                         callback(done.result());
                     });
    watcher->setFuture(std::move(future));
}

} // namespace Entra
