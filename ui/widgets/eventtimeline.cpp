#include "eventtimeline.h"

#include "eventlevelstyle.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

using namespace Qt::Literals::StringLiterals;
using Entra::Events::EventHistogram;

namespace Entra::Ui {

namespace {

constexpr int leftMargin = 44;
constexpr int rightMargin = 8;
constexpr int topMargin = 20; // room for the legend
constexpr int bottomMargin = 18; // room for the time labels

} // namespace

EventTimeline::EventTimeline(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(u"Events per time interval, coloured by level. Click a bar, or drag across bars, "
               u"to show only that time."_s);
}

QSize EventTimeline::sizeHint() const
{
    return { 600, 120 };
}

QSize EventTimeline::minimumSizeHint() const
{
    return { 200, 120 };
}

void EventTimeline::setHistogram(const EventHistogram &histogram)
{
    m_histogram = histogram;
    m_maxTotal = histogram.maxTotal();
    m_dragStart = m_dragEnd = -1;
    update();
}

void EventTimeline::setSelection(const QDateTime &since, const QDateTime &until)
{
    m_since = since;
    m_until = until;
    update();
}

QRect EventTimeline::plotRect() const
{
    return rect().adjusted(leftMargin, topMargin, -rightMargin, -bottomMargin);
}

qsizetype EventTimeline::bucketAt(const QPoint &pos) const
{
    const QRect plot = plotRect();
    if (m_histogram.isEmpty() || pos.x() < plot.left() || pos.x() > plot.right())
        return -1;
    const qsizetype n = m_histogram.buckets.size();
    const qsizetype bucket = qsizetype(qint64(pos.x() - plot.left()) * n / plot.width());
    return std::clamp<qsizetype>(bucket, 0, n - 1);
}

QRect EventTimeline::barRect(qsizetype bucket) const
{
    const QRect plot = plotRect();
    const qsizetype n = std::max<qsizetype>(m_histogram.buckets.size(), 1);
    const int left = plot.left() + int(qint64(bucket) * plot.width() / n);
    const int right = plot.left() + int(qint64(bucket + 1) * plot.width() / n);
    return QRect(QPoint(left, plot.top()), QPoint(std::max(left, right - 1), plot.bottom()));
}

QString EventTimeline::timeLabel(const QDateTime &time) const
{
    if (m_histogram.bucketMs >= 24 * 3600 * 1000)
        return time.toString(u"yyyy-MM-dd"_s);
    if (m_histogram.bucketMs >= 60 * 1000)
        return time.toString(u"yyyy-MM-dd HH:mm"_s);
    return time.toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString EventTimeline::bucketDescription(qsizetype bucket) const
{
    const EventHistogram::Bucket &b = m_histogram.buckets.at(bucket);
    QString text = u"%1 – %2 UTC: %3 event(s)"_s
                       .arg(timeLabel(m_histogram.bucketStart(bucket)),
                            timeLabel(m_histogram.bucketEnd(bucket)))
                       .arg(b.total());
    for (int c = 0; c < EventHistogram::LevelClassCount; ++c) {
        if (b.counts[c] > 0)
            text += u"\n  %1: %2"_s.arg(Models::eventLevelClassName(EventHistogram::LevelClass(c)))
                        .arg(b.counts[c]);
    }
    return text;
}

void EventTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRect plot = plotRect();
    const QColor textColor = palette().color(QPalette::Text);
    const QColor gridColor = palette().color(QPalette::Mid);

    // Legend, top right.
    QFontMetrics fm(font());
    int x = width() - rightMargin;
    for (int c = EventHistogram::LevelClassCount - 1; c >= 0; --c) {
        const QString name = Models::eventLevelClassName(EventHistogram::LevelClass(c));
        x -= fm.horizontalAdvance(name);
        p.setPen(textColor);
        p.drawText(QPoint(x, fm.ascent() + 2), name);
        x -= 14;
        p.fillRect(QRect(x, 4, 10, 10), Models::eventLevelColor(EventHistogram::LevelClass(c)));
        x -= 12;
    }
    p.setPen(textColor);
    p.drawText(QPoint(4, fm.ascent() + 2), u"Events over time (UTC)"_s);

    p.setPen(gridColor);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    if (m_histogram.isEmpty()) {
        p.setPen(textColor);
        p.drawText(plot, Qt::AlignCenter, u"No events to chart"_s);
        return;
    }
    p.setPen(textColor);
    p.drawText(QRect(0, plot.top() - fm.ascent() / 2, leftMargin - 6, fm.height()), Qt::AlignRight,
               QString::number(m_maxTotal));
    p.drawText(QRect(0, plot.bottom() - fm.height(), leftMargin - 6, fm.height()), Qt::AlignRight,
               u"0"_s);

    // Shade the selected range (clipped to the chart).
    if (m_since.isValid() || m_until.isValid()) {
        const qint64 span = qint64(m_histogram.buckets.size()) * m_histogram.bucketMs;
        const auto xOf = [&](const QDateTime &t, int fallback) {
            if (!t.isValid())
                return fallback;
            const qint64 offset = std::clamp<qint64>(m_histogram.start.msecsTo(t), 0, span);
            return plot.left() + int(offset * plot.width() / span);
        };
        const int left = xOf(m_since, plot.left());
        const int right = xOf(m_until, plot.right());
        QColor shade = palette().color(QPalette::Highlight);
        shade.setAlpha(50);
        p.fillRect(
            QRect(QPoint(left, plot.top()), QPoint(std::max(left + 1, right), plot.bottom())),
            shade);
    }
    if (m_dragStart >= 0) {
        QColor shade = palette().color(QPalette::Highlight);
        shade.setAlpha(90);
        p.fillRect(barRect(std::min(m_dragStart, m_dragEnd))
                       .united(barRect(std::max(m_dragStart, m_dragEnd))),
                   shade);
    }

    // Stacked bars: critical at the bottom, then error, warning, information, verbose.
    const qreal scale = m_maxTotal > 0 ? qreal(plot.height() - 1) / qreal(m_maxTotal) : 0;
    for (qsizetype i = 0; i < m_histogram.buckets.size(); ++i) {
        const EventHistogram::Bucket &b = m_histogram.buckets[i];
        const QRect column = barRect(i);
        const int barLeft = column.left() + (column.width() > 4 ? 1 : 0);
        const int barWidth = std::max(1, column.width() - (column.width() > 4 ? 2 : 0));
        qint64 below = 0;
        for (int c = 0; c < EventHistogram::LevelClassCount; ++c) {
            if (b.counts[c] == 0)
                continue;
            const int bottom = plot.bottom() - int(below * scale);
            below += b.counts[c];
            // At least one pixel, so a single error in a busy hour stays visible.
            const int top = std::min(bottom - 1, plot.bottom() - int(below * scale));
            p.fillRect(QRect(barLeft, top + 1, barWidth, bottom - top),
                       Models::eventLevelColor(EventHistogram::LevelClass(c)));
        }
    }

    // Time labels: first, middle and last bucket starts.
    p.setPen(textColor);
    const qsizetype n = m_histogram.buckets.size();
    const QString first = timeLabel(m_histogram.bucketStart(0));
    const QString last = timeLabel(m_histogram.bucketEnd(n - 1));
    const int labelY = height() - 4;
    p.drawText(QPoint(plot.left(), labelY), first);
    p.drawText(QPoint(plot.right() - fm.horizontalAdvance(last), labelY), last);
    const QString middle = timeLabel(m_histogram.bucketStart(n / 2));
    const int middleX = barRect(n / 2).left() - fm.horizontalAdvance(middle) / 2;
    if (n > 2 && middleX > plot.left() + fm.horizontalAdvance(first) + 12
        && middleX + fm.horizontalAdvance(middle) + 12 < plot.right() - fm.horizontalAdvance(last))
        p.drawText(QPoint(middleX, labelY), middle);
}

void EventTimeline::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_dragStart = m_dragEnd = bucketAt(event->position().toPoint());
    update();
}

void EventTimeline::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragStart < 0)
        return QWidget::mouseMoveEvent(event);
    const qsizetype bucket = bucketAt(event->position().toPoint());
    if (bucket >= 0 && bucket != m_dragEnd) {
        m_dragEnd = bucket;
        update();
    }
}

void EventTimeline::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_dragStart < 0)
        return QWidget::mouseReleaseEvent(event);
    const qsizetype first = std::min(m_dragStart, m_dragEnd);
    const qsizetype last = std::max(m_dragStart, m_dragEnd);
    m_dragStart = m_dragEnd = -1;
    update();
    Q_EMIT rangeSelected(m_histogram.bucketStart(first), m_histogram.bucketEnd(last));
}

bool EventTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const qsizetype bucket = bucketAt(help->pos());
        if (bucket >= 0)
            QToolTip::showText(help->globalPos(), bucketDescription(bucket), this);
        else
            QToolTip::showText(help->globalPos(), toolTip(), this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace Entra::Ui
