#pragma once

#include "events/eventhistogram.h"

#include <QDateTime>
#include <QWidget>

namespace Entra::Ui {

// Events per time bucket as stacked bars coloured by level, with the selected time range
// shaded. Clicking a bar (or dragging across bars) asks for that time range.
class EventTimeline : public QWidget
{
    Q_OBJECT

public:
    explicit EventTimeline(QWidget *parent = nullptr);

    void setHistogram(const Events::EventHistogram &histogram);
    const Events::EventHistogram &histogram() const { return m_histogram; }
    // The range to shade; either end may be invalid (open).
    void setSelection(const QDateTime &since, const QDateTime &until);

    // The bar under this widget position, or -1.
    qsizetype bucketAt(const QPoint &pos) const;
    QRect barRect(qsizetype bucket) const; // the whole column of the bucket

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // [start, end): the clicked or dragged-over buckets.
    void rangeSelected(const QDateTime &start, const QDateTime &end);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect plotRect() const;
    QString timeLabel(const QDateTime &time) const;
    QString bucketDescription(qsizetype bucket) const;

    Events::EventHistogram m_histogram;
    qint64 m_maxTotal = 0;
    QDateTime m_since;
    QDateTime m_until;
    qsizetype m_dragStart = -1;
    qsizetype m_dragEnd = -1;
};

} // namespace Entra::Ui
