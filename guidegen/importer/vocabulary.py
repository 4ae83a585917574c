"""The words documents use to label their questions and answers, in twelve languages.

Structure finds the questions first (a repeated heading, a bold lead-in, a <details>
block); these words back it up: "### Ejercicio 1" is an exercise heading like
"### Exercise 1", "**Lösung:**" an answer marker like "**Solution:**", and
"<summary>答案</summary>" an answer summary like "<summary>Answer</summary>".
"""

from __future__ import annotations

import re

# language -> words, lowercase. A label is a word before a number ("Aufgabe 3"), or a
# marker before a colon ("Frage:"); CJK labels need no space before the number ("问题1").
QUESTION = {
    "en": ("question", "exercise", "problem", "puzzle", "task", "ex", "q"),
    "es": ("pregunta", "ejercicio", "problema", "cuestión", "cuestion", "ej"),
    "fr": ("question", "exercice", "problème", "probleme", "exo"),
    "de": ("frage", "aufgabe", "übung", "ubung", "uebung", "problem"),
    "it": ("domanda", "esercizio", "problema", "quesito"),
    "pt": ("pergunta", "questão", "questao", "exercício", "exercicio", "problema"),
    "ru": ("вопрос", "задача", "задание", "упражнение"),
    "zh": ("问题", "問題", "题目", "習題", "习题", "练习", "例题", "题"),
    "ja": ("問題", "設問", "演習", "問"),
    "ko": ("문제", "질문", "연습문제", "연습"),
    "vi": ("câu hỏi", "bài tập", "câu", "bài"),
    "tr": ("soru", "alıştırma", "problem"),
}
ANSWER = {
    "en": ("answer", "answers", "ans", "solution", "explanation"),
    "es": ("respuesta", "solución", "solucion", "resolución", "resolucion"),
    "fr": ("réponse", "reponse", "solution", "corrigé", "corrige"),
    "de": ("antwort", "lösung", "losung", "loesung"),
    "it": ("risposta", "soluzione"),
    "pt": ("resposta", "solução", "solucao", "resolução", "resolucao"),
    "ru": ("ответ", "решение"),
    "zh": ("答案", "解答", "参考答案", "參考答案", "解析", "回答", "答"),
    "ja": ("答え", "解答", "回答", "正解", "解説"),
    "ko": ("정답", "해답", "풀이", "해설", "답"),
    "vi": ("đáp án", "lời giải", "trả lời"),
    "tr": ("cevap", "yanıt", "çözüm"),
}
HINT = {
    "en": ("hint",), "es": ("pista",), "fr": ("indice",), "de": ("hinweis", "tipp"), "it": ("suggerimento",),
    "pt": ("dica",), "ru": ("подсказка",), "zh": ("提示",), "ja": ("ヒント",), "ko": ("힌트",),
    "vi": ("gợi ý",), "tr": ("ipucu",),
}
# Words on a <details> summary that hides an answer without naming it.
REVEAL = ("show", "reveal", "expand", "click", "mostrar", "ver", "afficher", "voir", "anzeigen", "zeigen",
          "mostra", "показать", "展开", "点击", "查看", "表示", "보기", "xem", "göster")
# Notes that are never questions, whatever their title: "How to use this page".
INFO = ("info", "tip", "tips", "note", "abstract", "summary", "tldr", "example", "quote", "warning", "caution",
        "important", "attention", "danger", "bug", "todo", "success", "check", "done", "failure", "help", "faq")


def _alternation(words) -> str:
    # Longest first, so "参考答案" wins over "答案" and "ans" never shadows "answer".
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


def _all(table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(w for words in table.values() for w in words)


_CJK = r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
QUESTION_WORDS = _alternation(_all(QUESTION))
ANSWER_WORDS = _alternation(_all(ANSWER))
# Without the bare "q", which is a marker only as a capital ("Q3:", never "q3:").
QUESTION_MARKER_WORDS = _alternation(w for w in _all(QUESTION) if w != "q")
HINT_WORDS = _alternation(_all(HINT))
# The end of a label word: not inside a longer word ("Answering"), CJK excepted.
WORD_END = r"(?:(?<=" + _CJK + r")|(?![^\W_]))"

# A whole heading or summary that is only a label: "Answer", "Lösung:", "答案", "Solución".
ANSWER_LABEL = re.compile(rf"^\s*(?:{ANSWER_WORDS}){WORD_END}\s*[:：.]?\s*$", re.IGNORECASE)
QUESTION_LABEL = re.compile(rf"^\s*(?:{QUESTION_WORDS}){WORD_END}\s*[:：.]?\s*$", re.IGNORECASE)
# A summary that hides an answer: it names one anywhere ("View answer", "查看答案").
ANSWER_SUMMARY = re.compile(rf"(?:^|(?<![^\W_])|(?<={_CJK}))(?:{ANSWER_WORDS}|{HINT_WORDS}|{_alternation(REVEAL)}){WORD_END}",
                            re.IGNORECASE)
HINT_LABEL = re.compile(rf"^\s*(?:{HINT_WORDS})(?:s|en|e)?\s*\d*\s*[:：.]?\s*$", re.IGNORECASE)
HINT_SUMMARY = re.compile(rf"^\s*(?:{HINT_WORDS}){WORD_END}", re.IGNORECASE)
