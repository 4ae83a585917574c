"""QTI packages for learning platforms: QTI 2.1 (an IMS content package: Canvas New
Quizzes, Blackboard, Moodle 4, ILIAS, TAO) and QTI 1.2 (as Canvas Classic Quizzes imports it)."""
