/*
 * alliance: small enhancements of the default theme. Without JavaScript
 * every page works; with it:
 * - event lists move the events that have ended since the site was built
 *   from "À venir" to the top of "Passés" (or drop them from the home page),
 *   and show "Aucun événement à venir" when nothing is left;
 * - a recurring event ([data-series], in lists and on its page) shows
 *   its next occurrence that has not ended ([data-occurrence]) instead of
 *   one that has; the series moves to "Passés" once its last one is over,
 *   and its page's occurrences move from "Prochaines dates" to "Dates
 *   passées" as events do;
 * - an event page shows "Cet événement est terminé" once it has ended and
 *   hides its registration button;
 * - the complete charter gets a "print" button;
 * - the checkboxes of Markdown task lists are named after their item, for
 *   screen readers;
 * - a video placeholder's « Lire la vidéo » link becomes a button that puts
 *   the player in its place: nothing is asked of the video's host before
 *   that click (without JavaScript the link leads to the video's page).
 */
(function () {
  'use strict';

  var now = Date.now();

  function ended(el) {
    var end = Date.parse(el.getAttribute('data-end') || '');
    return !isNaN(end) && end < now;
  }

  function toggleEmpty(list, selector) {
    var section = list.closest('section') || list.parentNode;
    var empty = section && section.querySelector(selector);
    if (empty) {
      empty.hidden = list.querySelector('li') !== null;
    }
  }

  document.querySelectorAll('[data-series]').forEach(function (series) {
    var items = series.querySelectorAll('[data-occurrence]');
    var next = Array.prototype.find.call(items, function (el) {
      return !ended(el);
    });
    if (next) {
      items.forEach(function (el) {
        el.hidden = el !== next;
      });
    }
  });

  document.querySelectorAll('ol[data-events="upcoming"], ul[data-events="upcoming"]').forEach(function (upcoming) {
    var past = document.querySelector('[data-events="past"]');
    var done = Array.prototype.filter.call(upcoming.children, function (li) {
      return li.classList.contains('event') && ended(li);
    });
    if (done.length === 0) {
      return;
    }
    // Upcoming is soonest first, past latest first: prepending in order
    // leaves the latest ended event on top.
    done.forEach(function (li) {
      if (past) {
        past.insertBefore(li, past.firstChild);
      } else {
        li.remove();
      }
    });
    toggleEmpty(upcoming, '[data-events-empty]');
    if (past) {
      toggleEmpty(past, '[data-events-past-empty]');
    }
  });

  var page = document.querySelector('.event-page[data-end]');
  if (page && ended(page)) {
    var notice = page.querySelector('[data-past-notice]');
    if (notice) {
      notice.hidden = false;
    }
    var cta = page.querySelector('.cta');
    if (cta) {
      cta.hidden = true;
    }
  }

  document.querySelectorAll('.prose li > input[type="checkbox"]').forEach(function (box) {
    if (box.labels.length === 0 && !box.hasAttribute('aria-label')) {
      box.setAttribute('aria-label', box.parentNode.textContent.trim());
    }
  });

  document.querySelectorAll('.video-embed[data-embed]').forEach(function (embed) {
    var link = embed.querySelector('a.video-play');
    var src = embed.getAttribute('data-embed');
    if (!link || !/^https:\/\//.test(src)) {
      return;
    }
    var button = document.createElement('button');
    button.type = 'button';
    button.className = link.className;
    button.innerHTML = link.innerHTML;
    link.replaceWith(button);
    button.addEventListener('click', function () {
      var frame = document.createElement('iframe');
      frame.src = src;
      frame.title = embed.getAttribute('data-title') || 'Vidéo';
      frame.allow = 'autoplay; fullscreen; picture-in-picture; encrypted-media';
      frame.allowFullscreen = true;
      frame.referrerPolicy = 'strict-origin-when-cross-origin';
      embed.replaceChildren(frame);
      embed.classList.add('is-playing');
      frame.focus();
    });
  });

  document.querySelectorAll('button[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });
}());
